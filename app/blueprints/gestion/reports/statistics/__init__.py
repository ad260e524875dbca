"""The statistics page: figures for a period and their charts."""
