"""Pure Python: the events the shop records, the log that holds them, and the state they fold to."""
