//! Waystone case bundles (placeholder).
