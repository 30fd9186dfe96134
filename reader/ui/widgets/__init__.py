"""The reader's widgets: they draw and post messages; they never do I/O."""
