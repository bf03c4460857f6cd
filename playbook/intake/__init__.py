"""Reading and checking a client's files: client.yaml, the CSV rules, safe YAML, atomic writes
and safe client paths. The bottom layer: it imports nothing of the playbook but errors."""
