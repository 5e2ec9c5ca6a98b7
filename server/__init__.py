"""The chain's server: one set of books on PostgreSQL for many kiosks (docs/server.md)."""
