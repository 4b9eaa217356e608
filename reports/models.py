"""Quarterly reports and rollups (see the quarterly-cycle issue)."""
