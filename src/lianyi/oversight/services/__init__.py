"""Writes of oversight, one module per duty."""
