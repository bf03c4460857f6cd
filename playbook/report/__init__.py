"""What notebooks call to emit a deliverable (`report.notebook`), the chart theme, the HTML
export with its inlined vega bundle and the registry of lifecycle notebooks.
A shared layer: stages import it; it never imports a stage."""
