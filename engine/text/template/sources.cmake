# The chat-template interpreter's sources, relative to engine/.
set(HEARTH_TEMPLATE_SOURCES)
