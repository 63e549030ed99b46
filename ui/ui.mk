# The terminal UI (ncursesw, a loader thread).  Its files include
# "ui/..." from the top of the tree.
AM_CPPFLAGS += -I$(srcdir)
libtlsview_a_SOURCES += \
	ui/ui.h ui/ui_int.h ui/ui.c ui/term.c ui/doc.c ui/load.c \
	ui/list.c ui/ladder.c ui/detail.c ui/chain.c ui/anchors.c \
	ui/start.c ui/lab.c
tlsview_LDADD += $(NCURSES_LIBS) -lpthread

# Driven in tmux (tests/ui/ui_lib.sh).
UI_TESTS = tests/ui/screens.sh tests/ui/terminal.sh tests/ui/loading.sh \
	tests/ui/start.sh tests/ui/sniff.sh tests/ui/cert.sh \
	tests/ui/records.sh tests/ui/lab.sh
TESTS += $(UI_TESTS)
EXTRA_DIST += $(UI_TESTS) tests/ui/ui_lib.sh tests/ui/sgr.py
