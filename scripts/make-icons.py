import zlib, struct, math
BG=(0x7a,0x2e,0x14); PAGE=(0xfb,0xf8,0xf3)
def inside_rr(x,y,r):  # rounded square 0..64
    cx=min(max(x,r),64-r); cy=min(max(y,r),64-r)
    return (x-cx)**2+(y-cy)**2<=r*r and 0<=x<=64 and 0<=y<=64
def in_page(x,y):
    if not (18<=x<=48 and 16<=y<=48): return False
    if x>38 and y<26: return (x-38)**2+(y-26)**2<=100
    if x<28 and y>38: return (x-28)**2+(y-38)**2<=100
    return True
def seg(x,y,a,b,c,d):
    t=max(0,min(1,((x-a)*(c-a)+(y-b)*(d-b))/((c-a)**2+(d-b)**2)))
    return (x-a-t*(c-a))**2+(y-b-t*(d-b))**2<=1.5**2
def in_line(x,y):
    return seg(x,y,26,26,40,26) or seg(x,y,26,33,40,33) or seg(x,y,26,40,35,40)
def colour(x,y,mask):
    if mask:
        # full bleed; mark scaled 0.6 around the centre (safe zone)
        u=(x-12.8)/0.6; v=(y-12.8)/0.6
        if in_page(u,v) and not in_line(u,v): return PAGE+(255,)
        return BG+(255,)
    if not inside_rr(x,y,12): return (0,0,0,0)
    if in_page(x,y) and not in_line(x,y): return PAGE+(255,)
    return BG+(255,)
def png(path,size,mask):
    S=3; rows=[]
    for j in range(size):
        row=bytearray([0])
        for i in range(size):
            acc=[0,0,0,0]
            for sj in range(S):
                for si in range(S):
                    c=colour((i+(si+.5)/S)*64/size,(j+(sj+.5)/S)*64/size,mask)
                    a=c[3]
                    acc[0]+=c[0]*a; acc[1]+=c[1]*a; acc[2]+=c[2]*a; acc[3]+=a
            a=acc[3]
            row+=bytes([round(acc[0]/a) if a else 0, round(acc[1]/a) if a else 0, round(acc[2]/a) if a else 0, round(a/(S*S))])
        rows.append(bytes(row))
    raw=b''.join(rows)
    def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
    data=b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',size,size,8,6,0,0,0))+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b'')
    open(path,'wb').write(data)
png('icon-192.png',192,False); png('icon-512.png',512,False); png('icon-maskable-512.png',512,True)
