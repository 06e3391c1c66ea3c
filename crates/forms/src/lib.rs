//! Waystone form engine (placeholder; see issue 3).
