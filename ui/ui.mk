# The terminal UI (ncursesw, a loader thread).  Its files include
# "ui/..." from the top of the tree.
AM_CPPFLAGS += -I$(srcdir)
libtlsview_a_SOURCES += \
	ui/ui.h ui/ui_int.h ui/ui.c ui/term.c ui/doc.c ui/load.c \
	ui/list.c ui/ladder.c ui/detail.c ui/chain.c
tlsview_LDADD += $(NCURSES_LIBS) -lpthread
