//! What the signed-in person may do, as the core's rights table (`waystone::access`) answers
//! for their role: one flag per operation, true when the role may do it anywhere at all (on
//! its own cases at least, for an operation on a case). The UI decides which tabs, buttons
//! and forms to show from these flags and never from the role's name; every operation is
//! still checked by the core against the case it is asked on.

use serde::Serialize;
use ts_rs::TS;

use waystone::access::{self, Op};
use waystone::vault::Role;

/// One flag per [`Op`], named as the op (`access::Op::name`, in camelCase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RightsDto {
    pub list_case: bool,
    pub read_testimony: bool,
    pub write_testimony: bool,
    pub change_workflow: bool,
    pub assign: bool,
    pub prepare_legal: bool,
    pub send_case: bool,
    pub send_status_card: bool,
    pub receive_case: bool,
    pub receive_status_card: bool,
    pub create_case: bool,
    pub search_testimony: bool,
    pub read_audit_log: bool,
    pub manage_users: bool,
    /// Add, test and remove the team's mailboxes; show a mailbox's key.
    pub manage_mailboxes: bool,
    pub backup: bool,
    pub wipe_settings: bool,
    /// Import XLSForm definitions; offer or withdraw them for new interviews.
    pub import_forms: bool,
    /// The pattern report (Reports tab): counts over the cases the user may read.
    pub report_patterns: bool,
    /// A case's asylum details (host State, authority, risks, signatory).
    pub asylum_details: bool,
    /// Read the asylum details and record the survivor's asylum consent.
    pub asylum_consent: bool,
    pub discard_case: bool,
    pub delete_case: bool,
}

impl RightsDto {
    pub fn for_role(role: Role) -> Self {
        let may = |op| access::reaches(role, op);
        RightsDto {
            list_case: may(Op::ListCase),
            read_testimony: may(Op::ReadTestimony),
            write_testimony: may(Op::WriteTestimony),
            change_workflow: may(Op::ChangeWorkflow),
            assign: may(Op::Assign),
            prepare_legal: may(Op::PrepareLegal),
            send_case: may(Op::SendCase),
            send_status_card: may(Op::SendStatusCard),
            receive_case: may(Op::ReceiveCase),
            receive_status_card: may(Op::ReceiveStatusCard),
            create_case: may(Op::CreateCase),
            search_testimony: may(Op::SearchTestimony),
            read_audit_log: may(Op::ReadAuditLog),
            manage_users: may(Op::ManageUsers),
            manage_mailboxes: may(Op::ManageMailboxes),
            backup: may(Op::Backup),
            wipe_settings: may(Op::WipeSettings),
            import_forms: may(Op::ImportForms),
            report_patterns: may(Op::ReportPatterns),
            asylum_details: may(Op::AsylumDetails),
            asylum_consent: may(Op::AsylumConsent),
            discard_case: may(Op::DiscardCase),
            delete_case: may(Op::DeleteCase),
        }
    }
}

#[cfg(test)]
impl RightsDto {
    /// The flag of `op`. Exhaustive: a new operation does not compile (in the tests) until
    /// it has a flag.
    pub fn get(&self, op: Op) -> bool {
        match op {
            Op::ListCase => self.list_case,
            Op::ReadTestimony => self.read_testimony,
            Op::WriteTestimony => self.write_testimony,
            Op::ChangeWorkflow => self.change_workflow,
            Op::Assign => self.assign,
            Op::PrepareLegal => self.prepare_legal,
            Op::SendCase => self.send_case,
            Op::SendStatusCard => self.send_status_card,
            Op::ReceiveCase => self.receive_case,
            Op::ReceiveStatusCard => self.receive_status_card,
            Op::CreateCase => self.create_case,
            Op::SearchTestimony => self.search_testimony,
            Op::ReadAuditLog => self.read_audit_log,
            Op::ManageUsers => self.manage_users,
            Op::ManageMailboxes => self.manage_mailboxes,
            Op::Backup => self.backup,
            Op::WipeSettings => self.wipe_settings,
            Op::ImportForms => self.import_forms,
            Op::ReportPatterns => self.report_patterns,
            Op::AsylumDetails => self.asylum_details,
            Op::AsylumConsent => self.asylum_consent,
            Op::DiscardCase => self.discard_case,
            Op::DeleteCase => self.delete_case,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn camel(snake: &str) -> String {
        let mut out = String::new();
        let mut up = false;
        for c in snake.chars() {
            if c == '_' {
                up = true;
            } else if up {
                out.extend(c.to_uppercase());
                up = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Every flag is the table's answer, under the op's own name, for every role.
    #[test]
    fn every_flag_is_the_rights_table() {
        for role in Role::ALL {
            let r = RightsDto::for_role(role);
            let json = serde_json::to_value(r).unwrap();
            let fields = json.as_object().unwrap();
            assert_eq!(fields.len(), Op::ALL.len(), "one flag per operation");
            for op in Op::ALL {
                let expected = access::rule(op, role) != access::Reach::Never;
                assert_eq!(r.get(op), expected, "{} for {role}", op.name());
                assert_eq!(
                    fields.get(&camel(op.name())),
                    Some(&serde_json::Value::Bool(expected)),
                    "{} for {role}",
                    op.name()
                );
            }
        }
    }

    /// What the UI's fake backend (ui/src/test/core-tables.ts, for vitest) answers for rights
    /// and moves: written from the core's tables, never by hand. Fails when the committed file
    /// differs; `UPDATE_EXPECT=1 cargo test -p waystone-desktop core_tables` rewrites it.
    #[test]
    fn the_fake_backends_tables_are_the_cores() {
        use waystone::board::Status;
        let rights: serde_json::Map<String, serde_json::Value> = Role::ALL
            .iter()
            .map(|r| {
                let v = serde_json::to_value(RightsDto::for_role(*r)).unwrap();
                (r.as_str().to_owned(), v)
            })
            .collect();
        let next: serde_json::Map<String, serde_json::Value> = Status::ALL
            .iter()
            .map(|s| {
                let to: Vec<&str> = s.allowed_next().iter().map(|n| n.as_str()).collect();
                (s.as_str().to_owned(), serde_json::json!(to))
            })
            .collect();
        let pretty = |m| serde_json::to_string_pretty(&serde_json::Value::Object(m)).unwrap();
        let text = format!(
            "// Generated from the core's tables by `cargo test -p waystone-desktop core_tables`\n\
             // (src-tauri/src/dto/rights.rs): the rights table (`access::reaches`) per role and the\n\
             // workflow's transitions (`Status::allowed_next`). Do not edit. The fake backend answers\n\
             // with these, as the real one answers from the core; no UI code outside src/test reads them.\n\
             import type {{ RightsDto }} from \"../ipc/bindings/RightsDto\";\n\
             import type {{ Role }} from \"../ipc/bindings/Role\";\n\
             import type {{ StatusDto }} from \"../ipc/bindings/StatusDto\";\n\
             \n\
             export const RIGHTS: Record<Role, RightsDto> = {};\n\
             \n\
             export const ALLOWED_NEXT: Record<StatusDto, readonly StatusDto[]> = {};\n",
            pretty(rights),
            pretty(next)
        );
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/test/core-tables.ts");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != text {
            if std::env::var_os("UPDATE_EXPECT").is_some() {
                std::fs::write(&path, &text).unwrap();
            } else {
                panic!(
                    "ui/src/test/core-tables.ts differs from the core's tables: run \
                     `UPDATE_EXPECT=1 cargo test -p waystone-desktop core_tables` and commit it"
                );
            }
        }
    }

    /// The decisions the UI leans on, spelled out (negative and positive).
    #[test]
    fn the_screens_rights_per_role() {
        let cw = RightsDto::for_role(Role::Caseworker);
        let law = RightsDto::for_role(Role::Lawyer);
        let co = RightsDto::for_role(Role::Coordinator);
        let ad = RightsDto::for_role(Role::Admin);
        // legal export: lawyers and admins only
        assert!(law.prepare_legal && ad.prepare_legal && !cw.prepare_legal && !co.prepare_legal);
        // backups, the audit log, users and wipe settings: admins only
        for r in [cw, law, co] {
            assert!(
                !r.backup
                    && !r.read_audit_log
                    && !r.manage_users
                    && !r.manage_mailboxes
                    && !r.wipe_settings
            );
        }
        assert!(
            ad.backup
                && ad.read_audit_log
                && ad.manage_users
                && ad.manage_mailboxes
                && ad.wipe_settings
        );
        // coordinators send status cards only, read no testimony, start no case, search nothing
        assert!(co.send_status_card && !co.send_case);
        assert!(!co.read_testimony && !co.create_case && !co.search_testimony);
        assert!(co.assign && ad.assign && !cw.assign && !law.assign);
        // lawyers read but never rewrite testimony
        assert!(law.read_testimony && !law.write_testimony && cw.write_testimony);
    }
}
