"""`make bench`: reproducible figures for SalesCoach, measured as ratios in one run."""
