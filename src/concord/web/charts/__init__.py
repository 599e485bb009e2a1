"""Charts drawn on the server as accessible SVG: pure Python, no JavaScript, no Django.

Every chart is an <svg role="img"> with a <title> and a <desc>; the page puts the same figures
in a table beside it. Colours follow the NHS identity and Making Data Count's conventions.
"""
