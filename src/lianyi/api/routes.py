from ninja import NinjaAPI

api = NinjaAPI(title="Lianyi API", version="1")
