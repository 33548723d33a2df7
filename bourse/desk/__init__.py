"""The application desk: an application's page, the reviewers' queue and a call's export.

They weigh applications with the jury's scores and the match scores, so they sit above
applications, the jury and matching.
"""
