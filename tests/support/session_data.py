"""A small session file's contents, to change for one test."""


def session_json(**changes) -> dict:
    data = {
        "format": "backprop-gui-session",
        "version": 1,
        "layers": [2, 3, 1],
        "activations": ["tanh", "sigmoid"],
        "loss": "bce",
        "init": {"scheme": "xavier", "seed": 1},
        "inputs": [[0, 0], [1, 1]],
        "targets": [[0], [1]],
    }
    data.update(changes)
    return data
