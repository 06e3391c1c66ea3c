//! Waystone document renderers (placeholder).
