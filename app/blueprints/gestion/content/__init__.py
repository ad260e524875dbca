"""Back office of the published contents: missions, purchasing centrals and
their adherents, document templates, the Markdown preview of the editors."""
