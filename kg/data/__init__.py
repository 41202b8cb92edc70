"""Gazetteers, patterns and cue lists: the domain knowledge the extractor reads (see README.md here)."""
