"""The parts of bench/run: the two apps, their servers, the load generator, the checks and the report."""
