"""Reads of oversight, one module per duty."""
