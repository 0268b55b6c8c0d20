"""Catalogue, orders, payments, returns, stock (to come): above the journey, below aftercare."""
