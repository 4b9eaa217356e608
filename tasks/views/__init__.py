"""Pages of tasks, one module per page group; tasks/urls.py names the module of every URL."""
