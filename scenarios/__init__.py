"""The bundled scenarios: HeRus, the organisation of the CMMI-SVC essay, and its what-ifs."""
