/* widget_text: the answer of mod_widget, in a second object of libwidget.la. */
const char *widget_text(void);

const char *widget_text(void)
{
	return "linked from libwidget.la";
}
