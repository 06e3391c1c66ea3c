//! The dashboard's counts over the cases a user may see.

use std::collections::HashSet;

use waystone_forms::{Answer, Value};

use super::board::BoardQuery;
use crate::board::dashboard;
use crate::cases::vocabulary as v;
use crate::vault::store::answers;
use crate::vault::store::board::BoardRow;
use crate::vault::{Vault, VaultError};

/// How many perpetrators and sites the dashboard lists.
const TOP: usize = 15;

/// The dashboard of the cases a user may see.
#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    pub by_status: Vec<(String, u32)>,
    pub by_stage: Vec<(String, u32)>,
    /// YYYY-MM → detentions that month (episodes dated to a month or more precisely)
    pub detentions_per_month: Vec<(String, u32)>,
    pub overdue: Vec<BoardRow>,
    /// Empty for roles that may not read testimony.
    pub per_perpetrator: Vec<(String, u32)>,
    pub per_site: Vec<(String, u32)>,
}

impl Vault {
    /// Counts for the dashboard, over the cases this user may see.
    pub fn dashboard(&self) -> Result<Dashboard, VaultError> {
        let all = self
            .board(&BoardQuery {
                limit: u32::MAX,
                ..BoardQuery::default()
            })?
            .rows;
        let mut d = Dashboard {
            by_status: dashboard::tally(all.iter().map(|r| r.summary.status.as_str())),
            by_stage: dashboard::tally(
                all.iter()
                    .map(|r| r.summary.stage.as_deref().unwrap_or("none")),
            ),
            overdue: all.iter().filter(|r| r.overdue).cloned().collect(),
            ..Dashboard::default()
        };
        let visible: HashSet<&str> = all.iter().map(|r| r.summary.id.as_str()).collect();
        let mut dates = Vec::new();
        for (case_id, _, _, json) in
            answers::in_repeats(&self.conn, &[(v::EPISODES, Some(v::APPREHENSION_DATE))])?
        {
            if !visible.contains(case_id.as_str()) {
                continue;
            }
            if let Ok(Answer::Value(Value::Date(date))) = serde_json::from_str::<Answer>(&json) {
                dates.push(date);
            }
        }
        d.detentions_per_month = dashboard::detentions_per_month(&dates);
        if self.may_search_testimony() {
            let registry = self.registry()?;
            d.per_perpetrator = dashboard::most_mentioned(&registry, "perpetrator", TOP);
            d.per_site = dashboard::most_mentioned(&registry, "site", TOP);
        }
        Ok(d)
    }
}
