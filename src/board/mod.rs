//! The case board: workflow statuses and their transitions, who may see and change what,
//! the fields derived from answers for the board (stage, risk, follow-up, detention period,
//! search text), search-query folding, and the registry's name keys.
//!
//! Pure logic; the vault stores and queries (vault/board.rs). Recipe — a new status: add a
//! variant, its name, and its transitions in [`Status::allowed_next`]; the desktop shell's
//! `StatusDto` then fails to compile until it has the variant, and the UI's catalogues until
//! they have its label in both languages. The UI never knows the transitions: each board row
//! carries [`next_statuses`] for the person looking at it.

pub mod dashboard;
pub mod derive;
pub mod fields;
pub mod grouping;
pub mod registry;
pub mod search;

pub use fields::{RegistryKind, Risk, Stage};

use crate::access::{self, Op, Role, Ties};

/// Where a case stands in the organisation's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    IntakeScheduled,
    InterviewInProgress,
    InterviewComplete,
    LegalReview,
    FilingPrepared,
    Filed,
    Communicated,
    Decided,
    Closed,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::IntakeScheduled,
        Status::InterviewInProgress,
        Status::InterviewComplete,
        Status::LegalReview,
        Status::FilingPrepared,
        Status::Filed,
        Status::Communicated,
        Status::Decided,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::IntakeScheduled => "intake_scheduled",
            Status::InterviewInProgress => "interview_in_progress",
            Status::InterviewComplete => "interview_complete",
            Status::LegalReview => "legal_review",
            Status::FilingPrepared => "filing_prepared",
            Status::Filed => "filed",
            Status::Communicated => "communicated",
            Status::Decided => "decided",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The statuses a case may move to from this one: forward one step, back to an earlier
    /// working step where work is sent back, and closed from anywhere (reopened from closed).
    pub fn allowed_next(self) -> &'static [Status] {
        use Status::*;
        match self {
            IntakeScheduled => &[InterviewInProgress, Closed],
            InterviewInProgress => &[InterviewComplete, Closed],
            InterviewComplete => &[LegalReview, InterviewInProgress, Closed],
            LegalReview => &[FilingPrepared, InterviewInProgress, Closed],
            FilingPrepared => &[Filed, LegalReview, Closed],
            Filed => &[Communicated, Decided, Closed],
            Communicated => &[Decided, Closed],
            Decided => &[Closed],
            Closed => &[InterviewInProgress],
        }
    }
}

/// The statuses `user` in `role` may move this case to now: [`Status::allowed_next`] of its
/// status if the rights table lets them change its workflow ([`Op::ChangeWorkflow`]), none
/// otherwise, and none for a status this version does not know (the vault refuses to move
/// such a case; an import of a valid one repairs it).
pub fn next_statuses(
    role: Role,
    user: &str,
    status: &str,
    assignment: &Assignment,
) -> &'static [Status] {
    match Status::parse(status) {
        Some(s) if can_change_workflow(role, user, assignment) => s.allowed_next(),
        _ => &[],
    }
}

/// Filing details, required when a case moves to `filed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    /// e.g. "ECtHR"
    pub body: String,
    pub number: String,
    /// YYYY-MM-DD
    pub date: String,
}

/// How a case is tied to `user`: created by them, or assigned to them as caseworker or
/// lawyer. The rights table ([`crate::access`]) decides what each tie allows for each role.
pub fn ties(user: &str, assignment: &Assignment) -> Ties {
    Ties {
        // a case that came in a bundle names its creator in another vault: a local user of
        // the same name is no one it was given to
        created: assignment.created_by == user && !assignment.received,
        caseworker: assignment.caseworker.as_deref() == Some(user),
        lawyer: assignment.lawyer.as_deref() == Some(user),
    }
}

/// Whether the rights table lets `user` in `role` do `op` on this case.
pub fn may(op: Op, role: Role, user: &str, assignment: &Assignment) -> bool {
    access::allows(role, op, Some(ties(user, assignment)))
}

/// Whether `user` in `role` may read the testimony and identity of a case (answers,
/// attachments, exports): [`Op::ReadTestimony`]. Coordinators never may.
pub fn can_read_case(role: Role, user: &str, assignment: &Assignment) -> bool {
    may(Op::ReadTestimony, role, user, assignment)
}

/// Who may start a case (an interview, an import of a case not held here):
/// [`Op::CreateCase`]; coordinators could not read it afterwards.
pub fn may_create_case(role: Role) -> bool {
    access::allows(role, Op::CreateCase, None)
}

/// Whether the case appears on this user's board at all: [`Op::ListCase`].
pub fn can_list_case(role: Role, user: &str, assignment: &Assignment) -> bool {
    may(Op::ListCase, role, user, assignment)
}

/// Who may move a case through the workflow: [`Op::ChangeWorkflow`] (coordinators and admins
/// any case; caseworkers and lawyers their own).
pub fn can_change_workflow(role: Role, user: &str, assignment: &Assignment) -> bool {
    may(Op::ChangeWorkflow, role, user, assignment)
}

/// Only admins read the audit log ([`Op::ReadAuditLog`]). It names every case (by code) and
/// who read, exported or sent it, across all users: a coordinator would learn who reads which
/// testimony, and a caseworker or lawyer the codes of cases they may not list.
pub fn can_read_audit_log(role: Role) -> bool {
    access::allows(role, Op::ReadAuditLog, None)
}

/// Only coordinators and admins assign people to cases ([`Op::Assign`]).
pub fn can_assign(role: Role) -> bool {
    access::allows(role, Op::Assign, None)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    /// The user who created the case here (a received case's creator is in another vault).
    pub created_by: String,
    pub caseworker: Option<String>,
    pub lawyer: Option<String>,
    /// The case came here in a bundle (it has an origin elsewhere): its `created_by` is the
    /// sender's side and ties no local user to it.
    pub received: bool,
}

/// Risk levels in order of urgency (for sorting): [`Risk::rank`], 0 for none or unknown.
pub fn risk_rank(risk: Option<&str>) -> u8 {
    risk.and_then(Risk::parse).map_or(0, Risk::rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_moves_forward_back_and_closes() {
        assert!(Status::InterviewInProgress
            .allowed_next()
            .contains(&Status::InterviewComplete));
        assert!(!Status::InterviewInProgress
            .allowed_next()
            .contains(&Status::Filed));
        assert!(Status::LegalReview
            .allowed_next()
            .contains(&Status::InterviewInProgress));
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            if s != Status::Closed {
                assert!(s.allowed_next().contains(&Status::Closed), "{s:?}");
            }
        }
        assert_eq!(
            Status::Closed.allowed_next(),
            &[Status::InterviewInProgress]
        );
    }

    /// What the UI offers in the status select comes from here (the board row's
    /// `allowedNext`): the transition table, only for whoever may change the workflow.
    #[test]
    fn next_statuses_follow_the_table_and_the_rights() {
        let a = Assignment {
            created_by: "cw1".into(),
            caseworker: Some("cw2".into()),
            lawyer: Some("law1".into()),
            received: false,
        };
        // (role, user, status, expected)
        let check = |role: Role, user: &str, status: &str, expected: &[Status]| {
            assert_eq!(
                next_statuses(role, user, status, &a),
                expected,
                "{role} {user} from {status:?}"
            );
        };
        use Status::*;
        check(
            Role::Caseworker,
            "cw1",
            "interview_in_progress",
            &[InterviewComplete, Closed],
        );
        check(
            Role::Caseworker,
            "cw2",
            "legal_review",
            &[FilingPrepared, InterviewInProgress, Closed],
        );
        check(
            Role::Lawyer,
            "law1",
            "filing_prepared",
            &[Filed, LegalReview, Closed],
        );
        check(
            Role::Coordinator,
            "co",
            "filed",
            &[Communicated, Decided, Closed],
        );
        check(Role::Admin, "ad", "closed", &[InterviewInProgress]);
        // not theirs: nothing to offer
        check(Role::Caseworker, "cw3", "interview_in_progress", &[]);
        check(Role::Lawyer, "law2", "legal_review", &[]);
        // a status this version does not know: nothing, for anyone
        check(Role::Admin, "ad", "archived", &[]);
        check(Role::Coordinator, "co", "", &[]);
        for s in Status::ALL {
            assert_eq!(
                next_statuses(Role::Admin, "ad", s.as_str(), &a),
                s.allowed_next()
            );
            assert!(!s.allowed_next().contains(&s), "{s:?} offers staying put");
        }
    }

    #[test]
    fn roles_see_what_they_should() {
        let a = Assignment {
            created_by: "cw1".into(),
            caseworker: Some("cw2".into()),
            lawyer: Some("law1".into()),
            received: false,
        };
        assert!(can_read_case(Role::Caseworker, "cw1", &a));
        // a case from another vault naming "cw1" as its creator ties no local cw1 to it
        let from_elsewhere = Assignment {
            received: true,
            ..a.clone()
        };
        assert!(!can_read_case(Role::Caseworker, "cw1", &from_elsewhere));
        assert!(can_read_case(Role::Caseworker, "cw2", &from_elsewhere));
        assert!(can_read_case(Role::Caseworker, "cw2", &a));
        assert!(!can_read_case(Role::Caseworker, "cw3", &a));
        assert!(can_read_case(Role::Lawyer, "law1", &a));
        assert!(!can_read_case(Role::Lawyer, "law2", &a));
        assert!(!can_read_case(Role::Coordinator, "co", &a));
        assert!(can_list_case(Role::Coordinator, "co", &a));
        assert!(!can_list_case(Role::Caseworker, "cw3", &a));
        assert!(can_assign(Role::Coordinator) && !can_assign(Role::Lawyer));
    }
}
