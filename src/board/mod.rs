//! The case board: workflow statuses and their transitions, who may see and change what,
//! the fields derived from answers for the board (stage, risk, follow-up, detention period,
//! search text), search-query folding, and the registry's name keys.
//!
//! Pure logic; the vault stores and queries (vault/board.rs). Recipe — a new status: add a
//! variant, its name, and its transitions in [`Status::allowed_next`]; the UI's catalogue
//! needs its label in both languages.

pub mod derive;
pub mod registry;
pub mod search;

use crate::cases::CaseSummary;
use crate::vault::Role;

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

/// Filing details, required when a case moves to `filed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    /// e.g. "ECtHR"
    pub body: String,
    pub number: String,
    /// YYYY-MM-DD
    pub date: String,
}

/// Whether `user` in `role` may read the testimony and identity of a case (answers,
/// attachments, exports). Coordinators never may: they see the board fields only.
pub fn can_read_case(role: Role, user: &str, c: &CaseSummary, assignment: &Assignment) -> bool {
    match role {
        Role::Admin => true,
        Role::Coordinator => false,
        Role::Caseworker => c.created_by == user || assignment.caseworker.as_deref() == Some(user),
        Role::Lawyer => assignment.lawyer.as_deref() == Some(user),
    }
}

/// Who may change a case's content held here — import a document over it (answers, status,
/// attachments) or remove one of its attachments: admins, the case's creator or assigned
/// caseworker, its assigned lawyer; never a coordinator, who may not read what they would
/// overwrite. For now the same people as [`can_read_case`]; the one place to change when the
/// rights table comes.
pub fn may_write_case(role: Role, user: &str, c: &CaseSummary, assignment: &Assignment) -> bool {
    can_read_case(role, user, c, assignment)
}

/// Who may start a case (an interview, an import of a case not held here): every role but
/// coordinators, who could not read it afterwards.
pub fn may_create_case(role: Role) -> bool {
    role != Role::Coordinator
}

/// Whether the case appears on this user's board at all.
pub fn can_list_case(role: Role, user: &str, c: &CaseSummary, assignment: &Assignment) -> bool {
    matches!(role, Role::Admin | Role::Coordinator) || can_read_case(role, user, c, assignment)
}

/// Who may move a case through the workflow: coordinators and admins any case; caseworkers
/// and lawyers the cases they may read.
pub fn can_change_workflow(
    role: Role,
    user: &str,
    c: &CaseSummary,
    assignment: &Assignment,
) -> bool {
    matches!(role, Role::Admin | Role::Coordinator) || can_read_case(role, user, c, assignment)
}

/// Who prepares legal outputs (the redaction review and ECHR/public exports): lawyers and
/// admins, for cases they may read. Caseworkers record testimony; filing is a lawyer's act.
pub fn can_export_legal(role: Role) -> bool {
    matches!(role, Role::Lawyer | Role::Admin)
}

/// Only admins read the audit log. It names every case (by code) and who read, exported or
/// sent it, across all users: an admin sees all of that anyway; a coordinator would learn who
/// reads which testimony, and a caseworker or lawyer the codes of cases they may not list.
pub fn can_read_audit_log(role: Role) -> bool {
    role == Role::Admin
}

/// Only coordinators and admins assign people to cases.
pub fn can_assign(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Coordinator)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    pub caseworker: Option<String>,
    pub lawyer: Option<String>,
}

/// Risk levels in order of urgency (for sorting).
pub fn risk_rank(risk: Option<&str>) -> u8 {
    match risk {
        Some("critical") => 4,
        Some("high") => 3,
        Some("medium") => 2,
        Some("low") => 1,
        _ => 0,
    }
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

    #[test]
    fn roles_see_what_they_should() {
        let c = CaseSummary {
            id: "1".into(),
            code: "WS-A".into(),
            form_id: "intake".into(),
            form_version: 1,
            status: "interview_in_progress".into(),
            stage: None,
            created_at: String::new(),
            created_by: "cw1".into(),
            updated_at: String::new(),
            updated_by: String::new(),
        };
        let a = Assignment {
            caseworker: Some("cw2".into()),
            lawyer: Some("law1".into()),
        };
        assert!(can_read_case(Role::Caseworker, "cw1", &c, &a));
        assert!(can_read_case(Role::Caseworker, "cw2", &c, &a));
        assert!(!can_read_case(Role::Caseworker, "cw3", &c, &a));
        assert!(can_read_case(Role::Lawyer, "law1", &c, &a));
        assert!(!can_read_case(Role::Lawyer, "law2", &c, &a));
        assert!(!can_read_case(Role::Coordinator, "co", &c, &a));
        assert!(can_list_case(Role::Coordinator, "co", &c, &a));
        assert!(!can_list_case(Role::Caseworker, "cw3", &c, &a));
        assert!(can_assign(Role::Coordinator) && !can_assign(Role::Lawyer));
    }
}
