"""What notebooks call to emit a deliverable (`report.notebook`), the chart theme, the HTML
export with its inlined vega bundle, the registry of lifecycle notebooks and the portal.
A shared layer: stages import it; it never imports a stage."""
