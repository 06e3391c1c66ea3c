//! The pattern report over the cases a user may read: the rights check
//! ([`Op::ReportPatterns`]), the cases (each read only if the user may read its testimony),
//! the registry's confirmed decisions, and one audit entry per export (the format and k,
//! never a count or a label). The counting and suppression are pure ([`crate::report`]).

use waystone_render::Lang;

use crate::access::{self, Op};
use crate::casework::CaseFilter;
use crate::report::acts::{self, CaseInput};
use crate::report::output::{self, Labels};
use crate::report::tables::{self, PatternTables};
use crate::report::{suppress, Filter, ReportFormat};
use crate::vault::store::answers;
use crate::vault::{Vault, VaultError};

impl Vault {
    /// The report's published numbers (suppressed at `k`) over the cases this user may read.
    pub fn pattern_tables(&self, filter: &Filter, k: u64) -> Result<PatternTables, VaultError> {
        if !access::allows(self.session.role, Op::ReportPatterns, None) {
            return Err(VaultError::Forbidden);
        }
        if k < suppress::MIN_K {
            return Err(VaultError::Invalid(format!(
                "the smallest publishable count (k) must be at least {}",
                suppress::MIN_K
            )));
        }
        let mut held = Vec::new();
        for case in self.list_cases(&CaseFilter::default())? {
            if self.may(&case.id, Op::ReadTestimony) {
                held.push((case.id.clone(), answers::read(&self.conn, &case.id)?));
            }
        }
        let inputs: Vec<CaseInput<'_>> = held
            .iter()
            .map(|(id, a)| CaseInput { id, answers: a })
            .collect();
        let confirmed = self.registry_confirmed()?;
        let x = acts::extract(&inputs, &confirmed, filter);
        let period = tables::choose_period(&x.acts, filter.from, filter.to);
        tables::build(&x, k, period).map_err(|e| match e {
            suppress::SuppressError::ThresholdTooLow => {
                VaultError::Invalid("the smallest publishable count (k) is too low".into())
            }
            _ => VaultError::Internal("the suppression audit failed"),
        })
    }

    /// The pattern report as a file in `format`, in `lang`; audit-logged.
    pub fn pattern_report(
        &mut self,
        filter: &Filter,
        k: u64,
        format: ReportFormat,
        lang: Lang,
    ) -> Result<Vec<u8>, VaultError> {
        let t = self.pattern_tables(filter, k)?;
        let form = waystone_forms::latest_intake();
        let labels = Labels { form: &form, lang };
        let period = crate::report::period_text(filter, lang);
        let bytes = output::write(&t, &labels, &period, format)
            .map_err(|_| VaultError::Internal("rendering the pattern report"))?;
        self.audit("report.patterns", &format!("{} k={k}", format.as_str()))?;
        Ok(bytes)
    }
}

impl Vault {
    /// [`Vault::pattern_report`] written to `path`, a new file (never over an existing one);
    /// returns the number of bytes written.
    pub fn write_pattern_report(
        &mut self,
        filter: &Filter,
        k: u64,
        format: ReportFormat,
        lang: Lang,
        path: &std::path::Path,
    ) -> Result<usize, VaultError> {
        let bytes = self.pattern_report(filter, k, format, lang)?;
        crate::fsio::write_new_file(path, &bytes, "writing the pattern report")?;
        Ok(bytes.len())
    }
}
