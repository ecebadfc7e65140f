"""Quality pages: an organization's registers and credit (``registers``), complaints (``complaints``)."""
