/* xclose: asks the X window named NAME to close, the way a window manager does when
 * someone clicks its close button or presses Alt+F4: a WM_DELETE_WINDOW client message.
 * (xdotool's windowclose destroys the window instead, which no window manager does.)
 *
 * usage: xclose NAME      exit 0 if the message was sent, 1 if no such window
 */
#include <stdio.h>
#include <string.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

static Window find(Display *dpy, Window w, const char *name)
{
    char *wname = NULL;
    if (XFetchName(dpy, w, &wname) && wname) {
        int same = strcmp(wname, name) == 0;
        XFree(wname);
        if (same) {
            return w;
        }
    }
    Window root, parent, *kids = NULL;
    unsigned n = 0;
    Window found = 0;
    if (XQueryTree(dpy, w, &root, &parent, &kids, &n)) {
        for (unsigned i = 0; i < n && !found; i++) {
            found = find(dpy, kids[i], name);
        }
        if (kids) {
            XFree(kids);
        }
    }
    return found;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: xclose NAME\n");
        return 2;
    }
    Display *dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "xclose: cannot open the display\n");
        return 2;
    }
    Window w = find(dpy, DefaultRootWindow(dpy), argv[1]);
    if (!w) {
        fprintf(stderr, "xclose: no window named '%s'\n", argv[1]);
        XCloseDisplay(dpy);
        return 1;
    }
    XEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.xclient.type = ClientMessage;
    ev.xclient.window = w;
    ev.xclient.message_type = XInternAtom(dpy, "WM_PROTOCOLS", False);
    ev.xclient.format = 32;
    ev.xclient.data.l[0] = (long)XInternAtom(dpy, "WM_DELETE_WINDOW", False);
    ev.xclient.data.l[1] = CurrentTime;
    XSendEvent(dpy, w, False, NoEventMask, &ev);
    XSync(dpy, False);
    XCloseDisplay(dpy);
    return 0;
}
