"""The first-run wizard: perfil → activación → e.firma → registro con el SAT → programación → listo.

Also opened from Configuración to add another RFC. Each page is a module; :mod:`.wizard` puts them together.
"""
