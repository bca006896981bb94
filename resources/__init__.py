"""Data shipped with backprop-gui (installed as ``backprop_gui.resources``)."""
