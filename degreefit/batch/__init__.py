"""Cohort mode: score many people's answers, row by row, losing none.

Input is JSON Lines (one answers object a line) or CSV (a header of question ids; goals
separated by `;`; yes/no as true/false/yes/no), in UTF-8, from a regular file or stdin; a row is
one line (a CSV record goes on over more when a quoted field holds line breaks), and LF, CRLF or
a lone CR ends a line. Every row ends in the output or in the errors report, in input order;
a bad row never stops the batch, and an output that cannot be written loses no row without a
count. Rows are read and written one at a time, so memory stays flat whatever the input size.

lines.py decodes the input into lines; jsonlrows.py and csvrows.py make rows of them (read.py
opens the input and picks the reader); score.py scores each row (faults.py words and shares the
message of a rejected one); write.py formats results as lines and sink.py puts them in place,
rejections.py the rejected rows; run.py is the `batch` command's loop (with its refusal to
write over the input, and the signals that stop it as Ctrl-C does), and display.py its
summary and progress line on a terminal.
"""
