"""The OWL ontology, SHACL shapes and example queries, as package data read through importlib.resources.

`ontology/` at the top of the repository is where people read and edit them;
these are byte-for-byte copies (tests/test_packaging.py fails when they
differ), kept inside the package so that `kg.ontology` is the same package in
the source tree, an editable install and a wheel.
"""
