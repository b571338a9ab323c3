"""HTTP routes: JSON analyses, their charts, the store listing and the dashboard."""
