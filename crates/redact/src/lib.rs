//! Waystone redaction engine (placeholder; see issue 5).
