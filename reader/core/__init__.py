"""The domain and its I/O. Knows nothing of the screen: importing it must never load Textual."""
