"""The reader's screens: the main three-pane screen owns the workers."""
