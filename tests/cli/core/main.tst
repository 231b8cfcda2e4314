# The top-level binary: help, version, unknown commands.
P . exomir --help
P . exomir --version
N2 . exomir frobnicate
