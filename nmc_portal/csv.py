"""One way to write a CSV export: `csv_response(filename, rows)`.

A byte-order mark first, so spreadsheets read UTF-8 (and French accents) right; cells that a spreadsheet
would run as a formula (starting with = + - @, a tab or a carriage return) are neutralised by defusedcsv.
Every export goes through here: names, needs and free-text answers are typed by people.
"""

from defusedcsv import csv
from django.http import HttpResponse

BOM = "\ufeff"


def csv_response(filename, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    for row in rows:
        writer.writerow(row)
    return response
