"""The yearly programme: results, analysis, measures, progress and evidence."""
