"""Back office reports: the dashboard, the statistics, the CSV exports."""
