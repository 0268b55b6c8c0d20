"""Writes of sales: the catalogue and the stock (orders, payments and returns to come)."""
