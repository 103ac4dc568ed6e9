"""returnstats: statistical reporting warehouse for the EU return system."""

__version__ = "0.2.0"

import warnings

# Great Expectations imports pyspark when it is installed (for `--engine spark`), and pyspark
# warns on import that it does not fully support pandas 3. returnstats never hands pandas
# frames to Spark (Spark reads and writes Parquet), so the warning says nothing to a user.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
