"""The ipywidgets user interfaces, one module per app. Logic lives in the library; these only wire it up."""
