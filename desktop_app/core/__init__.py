"""The Qt-free core: everything the app does, usable from the CLI, the GUI and tests alike."""
