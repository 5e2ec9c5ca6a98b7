"""A chain's server: one set of books on PostgreSQL for every counter, the payment engine
with the institution's credentials, and terminals that hold no bank secret."""
