"""The demo company that ``make run`` loads, and the data generator the benchmark reuses."""
