"""returnstats: statistical reporting warehouse for the EU return system."""

__version__ = "0.2.0"
