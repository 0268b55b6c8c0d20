"""Supervisor duties and reports: what compares the gatherings with the journey (who came
against who was visited) sits here, above both."""
